/** A customer as the staff selects list them. Pure: built on the server, used by client forms. */
export interface CustomerOption {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  hasConsumer: boolean;
}

export function customerOptionLabel(option: CustomerOption): string {
  const email = option.email ? ` <${option.email}>` : '';
  return `${option.firstName} ${option.lastName}${email}${option.hasConsumer ? '' : ' (no consumer)'}`;
}

export function toCustomerOption(customer: {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
  consumerId: string | null;
}): CustomerOption {
  return {
    id: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    hasConsumer: customer.consumerId !== null,
  };
}
