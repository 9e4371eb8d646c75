'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { UserError, type ActionResult, staffAction } from '@/lib/actions';
import { writeAudit } from '@/lib/audit';
import { getAuth } from '@/lib/auth';
import { createStaffUser } from '@/lib/auth/create-auth';
import { getDb } from '@/lib/db';

const newStaffSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  email: z.email('Enter a valid email address.'),
  password: z.string().min(12, 'Use at least 12 characters.').max(128),
  role: z.enum(['staff', 'admin'], { error: 'Choose staff or admin.' }),
});

export async function createStaffUserAction(
  _prev: ActionResult<{ email: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ email: string }>> {
  return staffAction('admin', newStaffSchema, formData, async (input, session) => {
    const db = await getDb();
    const created = await createStaffUser(await getAuth(), db, input);
    if (!created) {
      throw new UserError('That email already has a staff account.', {
        email: 'Already in use.',
      });
    }
    await writeAudit(db, {
      actorUserId: session.userId,
      action: 'staff.create',
      targetType: 'user',
      targetId: input.email.toLowerCase(),
      details: { role: input.role },
    });
    revalidatePath('/staff/team');
    return { email: input.email.toLowerCase() };
  });
}
