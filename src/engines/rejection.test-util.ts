/** The rejection of `p`, which must reject (engine tests read its name, message and fields). */
export async function rejection(p: Promise<unknown>): Promise<Error & { fields: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { fields: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}
