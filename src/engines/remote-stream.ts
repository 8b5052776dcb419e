/**
 * Reads an OpenAI-compatible chat stream into a ChatRecorder (SSE parsed by eventsource-parser),
 * coping with the dialects servers really speak (issue 9): llama.cpp's role-only first chunk,
 * `choices: []` usage chunk and per-chunk `timings`; vLLM's usage in the last chunk; Ollama's
 * finish_reason then [DONE]; keep-alive comments, CRLF, `data:` without a space, events joined
 * or split across writes; a thinking model's `reasoning_content` / `reasoning` (tokens, not text).
 * An error event (or llama.cpp's `error:` field) throws RemoteServerError with the server's words. Every
 * event is checked against schemas/openai.ts; one that lies about a field (text that is an object,
 * token counts as strings) throws RemoteProtocolError naming it.
 */
import { createParser, type EventSourceMessage, type EventSourceParser, type ParseError } from 'eventsource-parser';
import * as v from 'valibot';
import type { ChatRecorder } from './chat-stream';
import type { ContextOverflow } from './context-overflow';
import { PromptTooLongError, RemoteProtocolError, RemoteServerError } from './errors';
import { contextRefusal, errorOf, remoteModel } from './remote-http';
import { chatEventSchema, contentText, problemOf, type ChatEvent } from './schemas/openai';

export class ChatStreamReader {
  /** `data: [DONE]` came: the server ended the stream on purpose. */
  done = false;
  /** The server's finish_reason ('stop', 'length', …) once it sent one. */
  finishReason: string | null = null;
  /** The highest completion-token total the server reported (usage or llama.cpp timings). */
  private reportedTokens = 0;
  private readonly parser: EventSourceParser = createParser({ onEvent: (e) => this.onEvent(e), onError: (e) => this.onField(e) });

  constructor(
    private readonly rec: ChatRecorder,
    private readonly base: string,
    /** The server's model name, for a refusal's words (two models of one server differ). */
    private readonly model: string | null = null,
  ) {}

  /**
   * What the body is, told by its first characters, never by its label (a proxy labels an SSE
   * stream JSON; a server sends an error payload as `text/event-stream`): an SSE stream; one JSON
   * document (a server that ignored `stream: true`, or an error sent with status 200), held until
   * the body ends; or a web page, which no OpenAI-compatible server sends.
   */
  private kind: 'unknown' | 'sse' | 'json' = 'unknown';
  private held = '';

  /** Feeds decoded text as it arrives. */
  feed(text: string): void {
    if (this.done) return;
    if (this.kind === 'sse') return this.parser.feed(text);
    this.held += text;
    const start = this.held.trimStart();
    if (this.kind === 'json' || !start) return;
    if (start.startsWith('{')) return void (this.kind = 'json');
    if (start.startsWith('<')) throw new RemoteProtocolError(this.base, '/v1/chat/completions', 'an OpenAI chat completion stream', 'it sent a web page');
    this.kind = 'sse';
    this.parser.feed(this.held);
    this.held = '';
  }

  /** The body ended: read a JSON body whole, or flush an event left without its blank line; then let the server's total win. */
  end(): void {
    if (this.kind === 'json') this.onEvent({ data: this.held }, 'an OpenAI chat completion');
    else this.feed('\n\n');
    this.rec.settleCompletionTokens(this.reportedTokens);
  }

  /**
   * llama.cpp's server sends an error inside a stream as a field SSE does not know
   * (`error: {"code":400,"message":…,"type":"exceed_context_size_error",…}`, then `data: [DONE]`):
   * unread, the answer ended clean and empty. Other unknown fields are skipped, as SSE says.
   */
  private onField(e: ParseError): void {
    if (this.done || e.type !== 'unknown-field' || e.field !== 'error') return;
    const value = (e.value ?? '').trim();
    this.fail(contextRefusal(value), fieldWords(value));
  }

  private onEvent(event: Pick<EventSourceMessage, 'data'> & { event?: string }, what = 'an OpenAI chat completion chunk'): void {
    if (this.done) return;
    const data = event.data.trim();
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      // A non-JSON payload (a proxy's "ping") is skipped, unless the event says it is an error.
      if (event.event === 'error') this.fail(contextRefusal(data), fieldWords(data));
      return;
    }
    // An `event: error` names its error in any shape (`{error: …}`, a bare `{message}`): fieldWords reads both.
    const error = errorOf(chunk) ?? (event.event === 'error' ? fieldWords(data) : null);
    if (error !== null) return this.fail(contextRefusal(data), error);
    // A bare JSON value ("ping", 0) is a keep-alive like a non-JSON payload; an object must be a chat event.
    if (typeof chunk !== 'object' || chunk === null) return;
    if (Array.isArray(chunk) || !v.is(chatEventSchema, chunk)) throw new RemoteProtocolError(this.base, '/v1/chat/completions', what, problemOf(chatEventSchema, chunk) ?? 'not in the expected form');
    this.take(chunk);
  }

  /**
   * An error in the stream. A context refusal before any text (a server that streams before it
   * checks the prompt, as llama.cpp's does) is PromptTooLongError; once text came, the context filled
   * while answering: the answer so far is kept, ended as 'length', and says why.
   */
  private fail(overflow: ContextOverflow | null, words: string): void {
    if (!overflow) throw new RemoteServerError(this.base, words);
    if (!this.rec.text) throw PromptTooLongError.of(remoteModel(this.base, this.model), overflow);
    this.rec.note = "stopped: the answer filled the model's context window (lower max tokens or shorten the prompt for a longer one)";
    this.finishReason = 'length';
    this.done = true;
  }

  private take(chunk: ChatEvent): void {
    const choice = chunk.choices?.[0];
    const content = contentText(choice?.delta?.content) || contentText(choice?.message?.content);
    const thinking = !content && !!(choice?.delta?.reasoning_content || choice?.delta?.reasoning);
    // A running total (vLLM's continuous usage, llama.cpp's timings) tells how many tokens this event carries.
    const total = count(chunk.usage?.completion_tokens) ?? count(chunk.timings?.predicted_n);
    const tokens = total === null ? 1 : Math.max(0, total - this.rec.completionTokens);
    if (content) this.rec.token(content, tokens);
    else if (thinking) this.rec.thought(tokens);
    if (total !== null) this.reportedTokens = Math.max(this.reportedTokens, total);
    const prompt = count(chunk.usage?.prompt_tokens);
    if (prompt) this.rec.promptTokens = prompt;
    if (choice?.finish_reason) this.finishReason = choice.finish_reason;
  }
}

/** The words of an error outside an error payload (llama.cpp's `error:` field, an `event: error`): its message; text that is not JSON as it came (clipped). */
function fieldWords(value: string): string {
  let payload: unknown;
  try {
    payload = JSON.parse(value);
  } catch {
    return value.slice(0, 300) || 'an error without a message';
  }
  const message = (payload as { message?: unknown } | null)?.message;
  return errorOf(payload) ?? (typeof message === 'string' && message ? message.slice(0, 300) : 'an error without a message');
}

/** A token count the schema checked (a whole number ≥ 0), or null when the server left it out. */
function count(x: number | null | undefined): number | null {
  return x ?? null;
}
