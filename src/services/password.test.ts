import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, UNUSABLE_HASH, verifyPassword } from './password.ts';

describe('password hashing', () => {
  it('verifies the right password and refuses others', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    expect(await hashPassword('same password here')).not.toBe(
      await hashPassword('same password here'),
    );
  });

  it('treats composed and decomposed Unicode alike', async () => {
    const h = await hashPassword('Café-密码-2026');
    expect(await verifyPassword('Cafe\u0301-密码-2026', h)).toBe(true);
  });

  it('matches nothing against the unusable hash or a malformed one', async () => {
    expect(await verifyPassword('anything', UNUSABLE_HASH)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });

  it('states what is wrong with a weak password', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/repeat/);
    expect(passwordProblem('a fine passphrase')).toBeNull();
  });
});
