import { type ClassValue, clsx } from 'clsx';

/** Joins class names; components are written so their classes never need merging. */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
