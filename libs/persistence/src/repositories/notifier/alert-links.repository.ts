import type { DataSource } from 'typeorm';
import { issueAnswerToken, issueAnswerTokens, voidAnswerToken } from '../answer-tokens';

type AnswerTokenInput = Parameters<typeof issueAnswerToken>[1];

/** The single-use answer links the notifier puts in fraud messages, each written on its own (no transaction). */
export abstract class AlertLinks {
  /** Issues the links in one statement; each token is returned once and stored only as its hash. */
  abstract issue(inputs: AnswerTokenInput[]): Promise<{ id: string; token: string }[]>;
  /** Voids the link of a message that was not sent. */
  abstract void(id: string): Promise<void>;
}

export class AlertLinksRepository implements AlertLinks {
  constructor(private readonly dataSource: DataSource) {}

  issue(inputs: AnswerTokenInput[]): Promise<{ id: string; token: string }[]> {
    return issueAnswerTokens(this.dataSource.manager, inputs);
  }

  void(id: string): Promise<void> {
    return voidAnswerToken(this.dataSource.manager, id);
  }
}
