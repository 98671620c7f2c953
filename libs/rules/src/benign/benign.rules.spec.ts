import { anEvent, givenHistory, whenRuleSees } from '@sentinel/testing';
import { faceConsentBenignRule } from './face-consent.benign.rule';
import { otpTrustedContactBenignRule } from './otp-trusted-contact.benign.rule';
import { settledDeviceBenignRule } from './settled-device.benign.rule';

const dev = (id: string) => ({ device: { id, ip: '198.51.100.7' } });
const login = (device: string, at: string) => anEvent('device.login', { ...dev(device), occurredAt: at });
const phone = (device: string, at: string, value = '+8613800138000') => anEvent('contact.changed', { ...dev(device), occurredAt: at, payload: { kind: 'phone', value } });
const otp = (device: string, at: string, method: 'otp' | 'face' = 'otp') =>
  anEvent('consent.verified', { ...dev(device), occurredAt: at, payload: { method, purpose: 'loan', subjectId: 'l-1' } });
const loan = (device: string, at: string) => anEvent('loan.opened', { ...dev(device), occurredAt: at, payload: { loanId: 'l-1', amountMinor: 300_000, currency: 'CNY' } });

describe('benign.otp-trusted-contact', () => {
  it('given a number on file since spring and an active account, when a loan is confirmed by OTP, then it lowers the score, saying for how long', () => {
    const state = givenHistory(
      login('phone-1', '2026-03-01T08:00:00.000Z'),
      phone('phone-1', '2026-03-01T08:01:00.000Z'),
      login('phone-1', '2026-09-20T08:00:00.000Z'),
      otp('phone-1', '2026-10-01T09:59:00.000Z'),
    );
    const finding = whenRuleSees(otpTrustedContactBenignRule, state, loan('phone-1', '2026-10-01T10:00:00.000Z'));
    expect(finding?.evidence).toMatchObject({ lowersScore: true, contactOnFileDays: 214 });
    expect(finding?.explanation['zh-CN']).toContain('214 天');
  });

  it('given an account idle for half a year, when a loan comes with an OTP to the old number, then no credit: the number may have changed hands', () => {
    const state = givenHistory(
      login('phone-1', '2026-03-01T08:00:00.000Z'),
      phone('phone-1', '2026-03-01T08:01:00.000Z'),
      login('emu-3', '2026-10-01T09:50:00.000Z'),
      otp('emu-3', '2026-10-01T09:59:00.000Z'),
    );
    expect(whenRuleSees(otpTrustedContactBenignRule, state, loan('emu-3', '2026-10-01T10:00:00.000Z'))).toBeNull();
  });

  it('given a number set days ago, then no credit', () => {
    const state = givenHistory(
      login('phone-1', '2026-03-01T08:00:00.000Z'),
      phone('phone-1', '2026-03-01T08:01:00.000Z'),
      phone('phone-1', '2026-09-28T08:00:00.000Z', '+8613900000001'),
      otp('phone-1', '2026-10-01T09:59:00.000Z'),
    );
    expect(whenRuleSees(otpTrustedContactBenignRule, state, loan('phone-1', '2026-10-01T10:00:00.000Z'))).toBeNull();
  });
});

describe('benign.face-consent', () => {
  it('given a face check from a device under a takeover mark, then no credit', () => {
    const state = givenHistory(
      login('phone-1', '2026-03-01T08:00:00.000Z'),
      phone('phone-1', '2026-03-01T08:01:00.000Z'),
      login('dev-3', '2026-10-01T04:00:00.000Z'),
      phone('dev-3', '2026-10-01T04:10:00.000Z', '+8616200000000'),
      otp('dev-3', '2026-10-01T23:37:00.000Z', 'face'),
    );
    expect(whenRuleSees(faceConsentBenignRule, state, loan('dev-3', '2026-10-01T23:40:00.000Z'))).toBeNull();
  });

  it('given a face check from a new laptop, then it lowers the score', () => {
    const state = givenHistory(login('phone-1', '2026-03-01T08:00:00.000Z'), login('laptop-1', '2026-10-01T09:50:00.000Z'), otp('laptop-1', '2026-10-01T09:59:00.000Z', 'face'));
    expect(whenRuleSees(faceConsentBenignRule, state, loan('laptop-1', '2026-10-01T10:00:00.000Z'))?.evidence).toMatchObject({ method: 'face' });
  });
});

describe('benign.settled-device', () => {
  it('given a phone used for weeks and lately, then it lowers the score; back after months of silence, it does not', () => {
    const active = givenHistory(login('phone-1', '2026-08-01T08:00:00.000Z'), login('phone-1', '2026-09-28T08:00:00.000Z'));
    expect(whenRuleSees(settledDeviceBenignRule, active, loan('phone-1', '2026-10-01T10:00:00.000Z'))?.evidence.usedForDays).toBe(61);
    const silent = givenHistory(login('phone-1', '2026-03-01T08:00:00.000Z'));
    expect(whenRuleSees(settledDeviceBenignRule, silent, loan('phone-1', '2026-10-01T10:00:00.000Z'))).toBeNull();
  });
});
