/** What every console list shows of a case: the fields the queue, search, entity page and live feed share. */
export interface CaseSummaryRow {
  id: string;
  referenceCode: string;
  accountId: string;
  status: string;
  decision: string;
  priority: string;
  score: number;
  openedAt: Date;
}
