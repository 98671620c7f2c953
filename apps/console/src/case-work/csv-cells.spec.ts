import { guardFormula, toCsv } from './csv-cells';

describe('CSV cells', () => {
  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'])('given %j, when written, then it cannot run as a formula', (cell) => {
    expect(guardFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves ordinary text alone', () => {
    expect(guardFormula('SNT-7Q4M2X')).toBe('SNT-7Q4M2X');
    expect(guardFormula('a=b')).toBe('a=b');
  });

  it('given a masked phone, when written, then it keeps its + without an apostrophe; anything more after a + is still guarded', () => {
    expect(guardFormula('+86138****5678')).toBe('+86138****5678');
    expect(guardFormula('+1****0000')).toBe('+1****0000');
    for (const cell of ['+86138****5678+A1', '+SUM(1)****5678', '+86138****567', '+86 138****5678']) expect(guardFormula(cell)).toBe(`'${cell}`);
  });

  it('names columns by the headers given, and writes booleans in the words given', () => {
    expect(toCsv(['ok'], [{ ok: true }, { ok: false }], { ok: '已升级' }, { yes: '是', no: '否' })).toBe('已升级\n是\n否\n');
  });

  it('quotes commas, quotes and line breaks, and guards every text cell', () => {
    const csv = toCsv(
      ['a', 'b', 'c', 'd'],
      [
        { a: 'x,y', b: 'say "hi"', c: '=cmd|calc', d: true },
        { a: 'line\nbreak', b: null, c: 42, d: false },
      ],
    );
    expect(csv).toBe('a,b,c,d\n"x,y","say ""hi""",\'=cmd|calc,true\n"line\nbreak",,42,false\n');
  });
});
