/**
 * A rule's explanation as a borrower reads it: the analyst's wording names internal event and
 * device ids, which mean nothing to the borrower and must not leave the platform.
 */
export function borrowerReason(explanation: string, internalIds: (string | undefined)[]): string {
  let text = explanation.replace(/\s*\((?:event|device) [^)]*\)/g, '').replace(/（(?:事件|设备) [^）]*）/g, '');
  for (const id of internalIds) {
    // Most explanations name no id: a pattern is built only for one that does.
    if (!id || !text.includes(id)) continue;
    const quoted = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(` ?${quoted} ?`, 'g'), (match) => (match.startsWith(' ') && match.endsWith(' ') ? ' ' : ''));
  }
  // Chinese needs no space where an id stood between two characters.
  return text.replace(/([\u4e00-\u9fff]) ([\u4e00-\u9fff])/g, '$1$2');
}
