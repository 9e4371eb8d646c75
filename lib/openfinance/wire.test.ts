import { describe, expect, it } from 'vitest';
import { toAccount, toConsumer, toCustomer, toInstitution, linkExpiry } from './model';
import {
  codeSchema,
  consumerSchema,
  createdCustomerSchema,
  customerAccountSchema,
  customerSchema,
  errorMessageSchema,
  institutionSchema,
  parseErrorBody,
} from './wire';

describe('wire schemas tolerate the documented quirks', () => {
  it('reads a code sent as a number or as a string', () => {
    expect(codeSchema.parse(10023)).toBe('10023');
    expect(codeSchema.parse('10023')).toBe('10023');
    expect(errorMessageSchema.parse({ code: 38007, message: 'x' }).code).toBe('38007');
    expect(errorMessageSchema.parse({ code: '38007', status: '404' }).code).toBe('38007');
  });

  it('reads createdDate as a number (create) and as a string (get)', () => {
    const created = createdCustomerSchema.parse({
      id: '1005061235',
      username: 'alice_01',
      createdDate: 1607450357,
    });
    expect(created.createdDate).toBe(1607450357);
    const fetched = customerSchema.parse({
      id: '1005061235',
      username: 'alice_01',
      type: 'testing',
      createdDate: '1607450357',
      lastModifiedDate: '1607450360',
    });
    expect(toCustomer(fetched).createdAt.toISOString()).toBe('2020-12-08T17:59:17.000Z');
    expect(toCustomer(fetched).lastModifiedAt?.getTime()).toBe(1607450360_000);
  });

  it('refuses a createdDate that is not a number', () => {
    expect(() =>
      customerSchema.parse({ id: '1', username: 'u', type: 'testing', createdDate: 'yesterday' }),
    ).toThrow();
  });

  it('reads an account institutionLoginId as int or string, institutionId as string or int', () => {
    const base = {
      id: '5011648377',
      number: '201940541',
      accountNumberDisplay: '0541',
      name: 'Checking',
      type: 'checking',
      status: 'active',
      customerId: '1005061234',
      currency: 'USD',
      createdDate: 1607450357,
    };
    const asInt = customerAccountSchema.parse({
      ...base,
      institutionId: '102105',
      institutionLoginId: 1007302745,
    });
    const asString = customerAccountSchema.parse({
      ...base,
      institutionId: 102105,
      institutionLoginId: '1007302745',
    });
    for (const wire of [asInt, asString]) {
      const account = toAccount(wire);
      expect(account.institutionLoginId).toBe('1007302745');
      expect(account.institutionId).toBe(102105);
      expect(account.numberMasked).toBe('****0541');
    }
  });

  it('never lets a full account number through', () => {
    const wire = customerAccountSchema.parse({
      id: '1',
      number: '000111222333444',
      customerId: '2',
      institutionId: '3',
      institutionLoginId: 4,
    });
    expect(toAccount(wire).numberMasked).toBe('****3444');
    expect(JSON.stringify(toAccount(wire))).not.toContain('000111222333444');
  });

  it('treats null as absent and ignores unknown fields', () => {
    const wire = institutionSchema.parse({
      id: 4222,
      name: 'Principal Financial - Retirement (Personal)',
      oauthEnabled: false,
      urlHomeApp: null,
      somethingNew: { nested: true },
      branding: { logo: 'https://x/logo.svg', primaryColor: '#0167AE', icon: null },
      transAgg: true,
      ach: false,
      voa: true,
    });
    const institution = toInstitution(wire);
    expect(institution).toEqual({
      id: 4222,
      name: 'Principal Financial - Retirement (Personal)',
      oauth: false,
      logoUrl: 'https://x/logo.svg',
      primaryColor: '#0167AE',
      products: ['transAgg', 'voa'],
    });
  });

  it('keeps only the last four digits of a consumer SSN', () => {
    const wire = consumerSchema.parse({
      id: '0bf46322c167b562e6cbed9d40e19a4c',
      firstName: 'Homer',
      lastName: 'Loanseeke',
      customerId: 1005061234,
      ssn: '123456789',
      birthday: {},
      createdDate: 1607450357,
    });
    const consumer = toConsumer(wire);
    expect(consumer.ssnLast4).toBe('6789');
    expect(consumer.customerId).toBe('1005061234');
    expect(consumer.hasBirthday).toBe(false);
    expect(JSON.stringify(consumer)).not.toContain('12345');
  });
});

describe('parseErrorBody', () => {
  it('reads JSON {code, message} with numeric or string codes', () => {
    expect(parseErrorBody('{"code":14001,"message":"Customer not found."}')).toEqual({
      code: '14001',
      message: 'Customer not found.',
    });
    expect(
      parseErrorBody(
        '{"code":"10010","status":"400","message":"Invalid \\"partnerId\\" in request body","user_message":"x","tags":""}',
      ),
    ).toEqual({ code: '10010', message: 'Invalid "partnerId" in request body' });
  });

  it('reads the ErrorWrapper shapes', () => {
    expect(
      parseErrorBody(
        '{"Errors":[{"Source":"partner","ReasonCode":"12401","Description":"partner not found"}]}',
      ),
    ).toEqual({ code: '12401', message: 'partner not found' });
    expect(
      parseErrorBody(
        '{"Errors":{"Error":[{"ReasonCode":12401,"Description":"partner not found"}]}}',
      ),
    ).toEqual({ code: '12401', message: 'partner not found' });
  });

  it('reads text/plain and XML bodies', () => {
    expect(parseErrorBody('10023 Expired (Finicity-App-Token)')).toEqual({
      code: '10023',
      message: 'Expired (Finicity-App-Token)',
    });
    expect(parseErrorBody('Service Unavailable')).toEqual({ message: 'Service Unavailable' });
    expect(
      parseErrorBody('<error><code>10022</code><message>Invalid token</message></error>'),
    ).toEqual({ code: '10022', message: 'Invalid token' });
    expect(parseErrorBody('')).toEqual({});
    expect(parseErrorBody('{"unexpected":true}')).toEqual({});
  });

  it('clips long text', () => {
    const parsed = parseErrorBody(`<html>${'x'.repeat(5000)}</html>`);
    expect(parsed.message?.length).toBeLessThanOrEqual(301);
  });
});

describe('linkExpiry', () => {
  it('reads the absolute ttl (ms) of a Connect link', () => {
    const link =
      'https://connect2.finicity.com?customerId=5025024821&origin=url&partnerId=2445583925753&signature=b5&timestamp=1648050761908&ttl=1648057961908';
    expect(linkExpiry(link)?.getTime()).toBe(1648057961908);
    expect(linkExpiry('https://example.com/no-ttl')).toBeUndefined();
    expect(linkExpiry('not a url')).toBeUndefined();
  });
});
