import { RULE_CATALOG } from '@sentinel/rules';
import { ruleDescription } from '../../apps/console/web/src/rule-descriptions';

describe('rule descriptions', () => {
  it('given any rule in the catalog, when a Chinese reader sees it, then it is described in Chinese', () => {
    const english = RULE_CATALOG.filter((entry) => ruleDescription(entry.id, entry.description, 'zh-CN') === entry.description).map((entry) => entry.id);
    expect(english).toEqual([]);
  });
});
