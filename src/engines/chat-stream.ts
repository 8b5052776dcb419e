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
  /** Tokens of a thinking model's thoughts so far (thought()). */
  thoughtTokens = 0;
  /** Every token() call: when it came, how many tokens it stands for, how much text it brought. */
  private readonly events: { t: number; tokens: number; chars: number }[] = [];

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
    this.events.push({ t, tokens, chars: content.length });
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

  /**
   * Records `tokens` tokens of a thinking model's thoughts: decoded tokens (they count, and show the
   * member at work), but no part of its answer's text.
   */
  thought(tokens = 1): void {
    this.token('', tokens);
    this.thoughtTokens += tokens;
  }

  /**
   * Sets the completion-token count to a total the server reports (`usage.completion_tokens`): it
   * wins over counting events when a server sends several tokens per event. The total is spread
   * over the events already recorded in proportion to their text (at least one each while the total
   * allows), each keeping its arrival time; with no event recorded nothing can be timed, so nothing changes.
   */
  settleCompletionTokens(total: number): void {
    const events = this.events;
    if (!Number.isInteger(total) || total <= 0 || total === this.completionTokens || !events.length) return;
    const floor = total >= events.length ? 1 : 0;
    const spare = total - floor * events.length;
    const chars = events.reduce((s, e) => s + e.chars, 0);
    const shares = events.map((e) => (chars ? (spare * e.chars) / chars : spare / events.length));
    const counts = shares.map(Math.floor);
    // Largest remainders take what flooring left over, so the counts add up to the total exactly.
    const byRemainder = events.map((_, i) => i).sort((a, b) => shares[b] - counts[b] - (shares[a] - counts[a]));
    const leftover = spare - counts.reduce((s, c) => s + c, 0);
    for (let k = 0; k < leftover; k++) counts[byRemainder[k]]++;
    this.tokenTimes.length = 0;
    events.forEach((e, i) => {
      e.tokens = floor + counts[i];
      for (let k = 0; k < e.tokens; k++) this.tokenTimes.push(e.t);
    });
    this.completionTokens = total;
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
    // Decode speed counts the tokens that came after the first arrival (one token for local
    // engines; a server may batch several into its first event) over the time since it…
    const timed = this.events.filter((e) => e.tokens > 0);
    const last = timed.length - (endsWithFreeToken(timed) ? 2 : 1);
    const span = last > 0 ? timed[last].t - timed[0].t : 0;
    const counted = timed.slice(1, last + 1).reduce((s, e) => s + e.tokens, 0);
    return {
      text: this.text,
      finishReason,
      promptTokens: this.promptTokens,
      completionTokens: this.completionTokens,
      startedAt: this.startedAt,
      ttftMs: times.length ? times[0] - this.startedAt : null,
      decodeTokensPerSecond: span > 0 ? (counted * 1000) / span : null,
      tokenTimes: times,
      totalMs: end - this.startedAt,
      ...(this.note ? { note: this.note } : {}),
    };
  }
}

/**
 * …up to the last token that took a decode step. llama.cpp sends the final token right after the
 * one before it (measured: a last gap of ~1 ms against ~20 ms for the others): counted, a 12-token
 * run read 10 % fast, a 32-token run 3 %, so short runs (the engine probe's) were judged faster
 * than the answers they predict. A last gap under a quarter of the median gap is that token.
 */
function endsWithFreeToken(timed: readonly { t: number }[]): boolean {
  if (timed.length < 4) return false;
  const gaps = timed.slice(1, -1).map((e, i) => e.t - timed[i].t).sort((a, b) => a - b);
  const median = gaps[gaps.length >> 1];
  return timed[timed.length - 1].t - timed[timed.length - 2].t < median / 4;
}
