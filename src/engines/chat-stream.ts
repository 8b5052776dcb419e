/**
 * Shared bookkeeping for one streamed chat: builds OpenAI-shaped chunks stamped inside the worker,
 * collects per-token times, and computes TTFT and decode tokens/s the same way for every engine.
 */
import { nowEpochMs, type ChatCompletionChunk, type ChatResult } from './engine';

export class ChatRecorder {
  readonly id = `chatcmpl-${Math.random().toString(36).slice(2, 10)}`;
  readonly startedAt = nowEpochMs();
  readonly tokenTimes: number[] = [];
  text = '';
  completionTokens = 0;
  promptTokens = 0;
  /** Plain-words remark about how the answer ended (e.g. cut short by invalid UTF-8). */
  note: string | null = null;

  constructor(
    readonly model: string,
    private readonly onChunk?: (c: ChatCompletionChunk) => void,
  ) {}

  /** Records one piece of streamed text that stands for `tokens` tokens. */
  token(content: string, tokens = 1): void {
    const t = nowEpochMs();
    this.text += content;
    this.completionTokens += tokens;
    for (let i = 0; i < tokens; i++) this.tokenTimes.push(t);
    this.onChunk?.({
      id: this.id,
      object: 'chat.completion.chunk',
      created: Math.floor(t / 1000),
      model: this.model,
      choices: [{ index: 0, delta: { content }, finish_reason: null }],
      t,
      tokens,
    });
  }

  finish(finishReason: ChatResult['finishReason']): ChatResult {
    const end = nowEpochMs();
    const times = this.tokenTimes;
    this.onChunk?.({
      id: this.id,
      object: 'chat.completion.chunk',
      created: Math.floor(end / 1000),
      model: this.model,
      choices: [{ index: 0, delta: {}, finish_reason: finishReason }],
      t: end,
      tokens: 0,
    });
    const span = times.length > 1 ? times[times.length - 1] - times[0] : 0;
    return {
      text: this.text,
      finishReason,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      startedAt: this.startedAt,
      ttftMs: times.length ? times[0] - this.startedAt : null,
      decodeTokensPerSecond: span > 0 ? ((times.length - 1) * 1000) / span : null,
      tokenTimes: times,
      totalMs: end - this.startedAt,
      ...(this.note ? { note: this.note } : {}),
    };
  }
}
