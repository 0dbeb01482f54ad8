import type { ColumnMapping, Dataset } from '@intake/schema';

/** `Order ID`, ` order-id `, `ORDER_ID` all normalise to `orderid`. */
const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Headers shop systems and CRMs use for our columns, normalised. */
const synonyms: Record<string, string[]> = {
  order_id: ['order', 'orderno', 'ordernumber', 'ordernr', 'id', 'reference', 'ref'],
  customer_email: [
    'email',
    'emailaddress',
    'customer',
    'buyeremail',
    'mail',
    'customeremailaddress',
  ],
  amount: ['total', 'price', 'value', 'sum', 'grandtotal', 'ordertotal', 'totalamount'],
  currency: ['currencycode', 'curr', 'ccy'],
  status: ['state', 'orderstatus', 'paymentstatus'],
  created_at: ['created', 'date', 'orderdate', 'createdon', 'timestamp', 'placedat', 'datetime'],
  email: ['emailaddress', 'mail', 'contactemail'],
  name: ['fullname', 'contactname', 'contact'],
  phone: ['phonenumber', 'mobile', 'tel', 'telephone'],
  company: ['organisation', 'organization', 'companyname', 'account'],
  country: ['countrycode', 'nation'],
};

/** Similarity in [0, 1] from the Levenshtein distance of two normalised names. */
function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0] ?? 0;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j] ?? 0;
      previous[j] = Math.min(
        above + 1,
        (previous[j - 1] ?? 0) + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return 1 - (previous[b.length] ?? 0) / Math.max(a.length, b.length, 1);
}

export interface Proposal {
  column: string;
  header: string | null;
  confidence: number;
}

/**
 * Proposes which file header feeds each dataset column: exact name first (1.0), then the same
 * after normalising case, spaces and punctuation (0.9), then a known synonym (0.8), then the
 * closest name if it is similar enough (similarity x 0.7). A header feeds at most one column;
 * the most confident pairs are taken first.
 */
export function proposeMapping(dataset: Dataset, headers: readonly string[]): Proposal[] {
  const candidates: { column: string; header: string; confidence: number }[] = [];
  for (const column of dataset.columnNames) {
    const target = normalise(column);
    for (const header of headers) {
      const name = normalise(header);
      let confidence = 0;
      if (header === column) confidence = 1;
      else if (name === target) confidence = 0.9;
      else if (synonyms[column]?.includes(name)) confidence = 0.8;
      else {
        const s = similarity(name, target);
        if (s >= 0.75) confidence = Math.round(s * 0.7 * 100) / 100;
      }
      if (confidence > 0) candidates.push({ column, header, confidence });
    }
  }
  candidates.sort((a, b) => b.confidence - a.confidence);
  const byColumn = new Map<string, Proposal>();
  const usedHeaders = new Set<string>();
  for (const c of candidates) {
    if (byColumn.has(c.column) || usedHeaders.has(c.header)) continue;
    byColumn.set(c.column, c);
    usedHeaders.add(c.header);
  }
  return dataset.columnNames.map(
    (column) => byColumn.get(column) ?? { column, header: null, confidence: 0 },
  );
}

export const mappingFrom = (proposals: readonly Proposal[]): ColumnMapping =>
  Object.fromEntries(proposals.map((p) => [p.column, p.header]));

/**
 * Checks a mapping against the dataset and the file: every column named exists, every header
 * exists, and each required column is fed. Returns the problems in words.
 */
export function mappingProblems(
  dataset: Dataset,
  headers: readonly string[],
  mapping: ColumnMapping,
): string[] {
  const problems: string[] = [];
  for (const [column, header] of Object.entries(mapping)) {
    if (!dataset.columnNames.includes(column))
      problems.push(`${column} is not a column of ${dataset.name}`);
    else if (header !== null && !headers.includes(header))
      problems.push(`${column}: the file has no column "${header}"`);
  }
  for (const column of dataset.columnNames) {
    if (dataset.columns[column]?.required && !mapping[column])
      problems.push(`${column} is required: choose the file column it comes from`);
  }
  return problems;
}
