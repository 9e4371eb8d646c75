import { desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../db/client';
import { connectLinks, customers } from '../db/schema';

const jointCustomers = alias(customers, 'joint_customers');

/** Links sent by email (single and joint borrower), newest first, with the borrowers' names. */
export async function listConnectEmails(db: Database, limit = 100) {
  return db
    .select({
      link: connectLinks,
      customer: { id: customers.id, firstName: customers.firstName, lastName: customers.lastName },
      jointCustomer: {
        id: jointCustomers.id,
        firstName: jointCustomers.firstName,
        lastName: jointCustomers.lastName,
      },
    })
    .from(connectLinks)
    .innerJoin(customers, eq(customers.id, connectLinks.customerId))
    .leftJoin(jointCustomers, eq(jointCustomers.id, connectLinks.jointCustomerId))
    .where(inArray(connectLinks.kind, ['email', 'email_joint']))
    .orderBy(desc(connectLinks.createdAt))
    .limit(limit);
}
