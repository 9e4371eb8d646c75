import { describe, expect, it } from 'vitest';
import { consumerDetailsSchema, connectOptionsSchema } from './schemas';

const fieldsOf = (input: Record<string, unknown>) => {
  const result = consumerDetailsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('consumer details', () => {
  it('accepts the minimum Mastercard needs and normalises SSN and phone', () => {
    const parsed = consumerDetailsSchema.parse({
      firstName: 'Ada',
      lastName: 'Lovelace',
      state: 'NY',
      ssn: '123-45-6789',
      phone: '(212) 555-0100',
    });
    expect(parsed).toMatchObject({ ssn: '123456789', phone: '2125550100' });
  });

  it('reports every missing piece at once, including the either-or rules', () => {
    expect(fieldsOf({ firstName: 'Ada', lastName: 'Lovelace' }).sort()).toEqual([
      'birthday',
      'email',
      'state',
    ]);
  });

  it('refuses a birth date in the future or that does not exist', () => {
    const base = { firstName: 'A', lastName: 'B', state: 'NY', email: 'a@example.com' };
    expect(fieldsOf({ ...base, birthday: '2999-01-01' })).toEqual(['birthday']);
    expect(fieldsOf({ ...base, birthday: '1990-02-30' })).toEqual(['birthday']);
    expect(fieldsOf({ ...base, birthday: '1990-02-28' })).toEqual([]);
  });
});

describe('connect options', () => {
  it('accepts default, GUID experiences and locale forms; refuses others', () => {
    expect(
      connectOptionsSchema.safeParse({ experience: 'default', language: 'fr-CA' }).success,
    ).toBe(true);
    expect(connectOptionsSchema.safeParse({ experience: 'purple' }).success).toBe(false);
    expect(connectOptionsSchema.safeParse({ language: 'de' }).success).toBe(false);
  });
});
