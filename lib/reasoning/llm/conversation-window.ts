/**
 * Short-term memory of one agent: the conversation sent to the model, bounded to a number of
 * messages. The system prompt and the task (with the grounded facts) are pinned; the rest is a
 * list of turns, a turn being the messages that must stay together (an assistant message with
 * tool calls and every tool answer to it). When the window is over its limit, the oldest turns
 * are dropped and replaced by one summary message.
 *
 * The summary is written deterministically by the runtime, not by the model: one line per
 * dropped turn (which tools were called with which parameters and their call ids, whether they
 * succeeded, what the model answered or was told). That costs no tokens or turns, cannot be
 * skewed by injected text, and keeps every call id citeable after its output left the window.
 */
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { untrustedBlock } from "./untrusted-data";

/** Most summary lines kept; older ones are counted, not listed. */
export const MAX_SUMMARY_LINES = 40;

/** Options of `createConversationWindow`. */
export interface ConversationWindowOptions {
  /** Messages always sent first (system prompt, task). */
  pinned: ChatCompletionMessageParam[];
  /** Most messages sent per request, pinned and summary included (at least pinned + 2). */
  maxMessages: number;
}

interface Turn {
  messages: ChatCompletionMessageParam[];
  summary: string;
}

export interface ConversationWindow {
  /** Appends one turn (kept together) and how to summarize it once it leaves the window. */
  add(messages: ChatCompletionMessageParam[], summary: string): void;
  /** What the next request sends. */
  messages(): ChatCompletionMessageParam[];
  /** Turns summarized so far. */
  readonly summarizedTurns: number;
}

/** A bounded conversation with deterministic summaries of what it dropped. */
export function createConversationWindow(options: ConversationWindowOptions): ConversationWindow {
  const limit = Math.max(options.maxMessages, options.pinned.length + 2);
  const turns: Turn[] = [];
  const summaryLines: string[] = [];
  let summarized = 0;

  const summaryMessage = (): ChatCompletionMessageParam[] => {
    if (summaryLines.length === 0) return [];
    const omitted = summarized - summaryLines.length;
    const text = [
      `Summary of ${summarized} earlier turn(s) of this investigation, dropped from the conversation to bound its length (written by the runtime from the turns themselves; call ids stay citeable):`,
      ...(omitted > 0 ? [`(${omitted} older turn(s) not listed)`] : []),
      ...summaryLines,
    ].join("\n");
    // The lines quote tool parameters the model chose and results the cluster produced: data.
    return [{ role: "user", content: untrustedBlock({ source: "conversation-summary" }, text) }];
  };

  const size = () => options.pinned.length + (summaryLines.length ? 1 : 0) + turns.reduce((n, t) => n + t.messages.length, 0);

  return {
    add(messages, summary) {
      turns.push({ messages, summary });
      // Always keep the newest turn, even if it alone exceeds the window (a tool answer must follow its call).
      while (turns.length > 1 && size() > limit) {
        const dropped = turns.shift();
        if (!dropped) break;
        summarized++;
        summaryLines.push(`- ${dropped.summary}`);
        if (summaryLines.length > MAX_SUMMARY_LINES) summaryLines.shift();
      }
    },
    messages() {
      return [...options.pinned, ...summaryMessage(), ...turns.flatMap((t) => t.messages)];
    },
    get summarizedTurns() {
      return summarized;
    },
  };
}
