export declare const PARAMS_BILLIONS: [RegExp, number, string][];
export declare function paramsBillionsOf(modelId: string): number | null;
export declare function quantizationOf(text: string): string | null;
