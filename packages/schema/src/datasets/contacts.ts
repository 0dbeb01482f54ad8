import { country, email, optional, phone, text } from '../columns.js';
import { defineDataset } from '../dataset.js';

export const contacts = defineDataset({
  name: 'contacts',
  label: 'Contacts',
  key: 'email',
  columns: {
    email: email(),
    name: text({ min: 1, max: 200 }),
    phone: optional(phone()),
    company: optional(text({ max: 200 })),
    country: optional(country()),
  },
});
