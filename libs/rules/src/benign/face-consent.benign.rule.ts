import { defineRule } from '../rule';
import { faceCheckFor } from '../trust';

/**
 * The borrower passed a face check for this very loan or card change: the strongest sign that she
 * is the one acting. It also re-verifies the device it was made on (account-state.ts). Not from a
 * device under a takeover mark: there, whoever took the account over chose when to face the camera.
 */
export const faceConsentBenignRule = defineRule<Record<string, never>>({
  id: 'benign.face-consent',
  description: 'A face check for the loan or card change (lowers the score)',
  category: 'fraud',
  phase: 'immediate',
  kind: 'benign',
  on: ['loan.opened', 'card.unbound', 'card.bound'],
  defaults: { severity: 'low', score: 50, params: {} },
  evaluate(state, event) {
    const face = faceCheckFor(state, event);
    if (!face) return null;
    return {
      evidence: { lowersScore: true, eventId: event.id, consentEventId: face.id, consentAt: face.at, method: 'face' },
      explanation: {
        en: `The borrower passed a face check for it (event ${face.id}): a sign she is the one acting, which lowers the score.`,
        'zh-CN': `借款人为此通过了人脸核验（事件 ${face.id}）：表明是本人操作，风险分因此降低。`,
      },
    };
  },
});
