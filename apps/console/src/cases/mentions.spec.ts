import { mentionedIn } from './mentions';

const ana = { id: 'a', username: 'ana', displayName: 'Ana Li' };
const bo = { id: 'b', username: 'bo.wang', displayName: '王波' };
const cy = { id: 'c', username: 'cyril', displayName: 'Cy' };
const cy2 = { id: 'c2', username: 'cy-two', displayName: 'Cy' };
const team = [ana, bo, cy];

describe('mentionedIn', () => {
  it('given handles and names, when a note names them, then each is found once in the order named', () => {
    expect(mentionedIn('@bo.wang please check, then @AnaLi. Thanks @bo.wang', team, 'x').map((a) => a.id)).toEqual(['b', 'a']);
  });

  it('given a Chinese display name, when mentioned, then it is found', () => {
    expect(mentionedIn('请 @王波 看一下', team, 'x').map((a) => a.id)).toEqual(['b']);
  });

  it('given an email address or an unknown name, when in a note, then nobody is mentioned', () => {
    expect(mentionedIn('write to ana@example.com or @nobody', team, 'x')).toEqual([]);
  });

  it('given the author mentions themself, then they are not notified', () => {
    expect(mentionedIn('@ana noted', team, 'a')).toEqual([]);
  });

  it('given two analysts share a display name, when the name is used, then neither is meant; their handles still are', () => {
    expect(mentionedIn('@Cy and @cy-two', [cy, cy2], 'x').map((a) => a.id)).toEqual(['c2']);
    expect(mentionedIn('@cyril', [cy, cy2], 'x').map((a) => a.id)).toEqual(['c']);
  });
});
