import { rest } from '../helpers/clients.js';

/**
 * The sum of a Prometheus series over the label sets that contain every given label, as
 * scraped from the API's /metrics (0 when absent).
 */
export async function metricValue(
  url: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const res = await rest(url, '/metrics');
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of res.text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length, line.lastIndexOf(' '));
    if (wanted.every((w) => labelText.includes(w)))
      sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
