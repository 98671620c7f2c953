import { DECOY_HASH, hashPassword, verifyPassword } from './password.hasher';

describe('password hasher', () => {
  it('given a hashed password, when the same password is checked, then it matches and a different one does not', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
  });

  it('salts each hash, so two analysts with one password do not share a hash', async () => {
    expect(await hashPassword('same password twice')).not.toBe(await hashPassword('same password twice'));
  });

  it('refuses unknown schemes and the decoy', async () => {
    await expect(verifyPassword('x', 'md5$abc')).resolves.toBe(false);
    await expect(verifyPassword('anything at all', DECOY_HASH)).resolves.toBe(false);
  });
});
