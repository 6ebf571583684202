import type { Board, BoardCall, Localized } from '@entre/protocol';

/** How many calls a zone board keeps: the large one plus the recent list. */
export const BOARD_CALLS = 7;

export interface BoardInput {
  zone: string;
  at: Date;
  calls: BoardCall[];
  queues: { service: string; name: Localized; waiting: number }[];
  messages: { id: string; text: Localized }[];
}

/** The retained board of a zone, latest call first; pure so the store can build it in its transaction. */
export function buildBoard(input: BoardInput): Board {
  const calls = [...input.calls]
    .sort((a, b) => (a.calledAt < b.calledAt ? 1 : a.calledAt > b.calledAt ? -1 : b.id.localeCompare(a.id)))
    .slice(0, BOARD_CALLS);
  return { v: 1, at: input.at.toISOString(), zone: input.zone, calls, queues: input.queues, messages: input.messages };
}
