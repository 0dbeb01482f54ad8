import type { HealthSeries } from '@intake/schema';
import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface ChartProps {
  label: string;
  series: uPlot.Series[];
  data: AlignedData;
  axes: NonNullable<Options['axes']>;
}

/** One uPlot chart: created once, then fed new data on every refresh (no re-creation). */
function Chart({ label, series, data, axes }: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const chart = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 200,
        series: [{}, ...series.map((s) => ({ ...s, width: 1.5, spanGaps: false }))],
        axes,
        legend: { live: false },
      },
      data,
      el,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: el.clientWidth || 600, height: 200 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
    // Built once per mount on purpose: later data arrives through setData below.
  }, []);
  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
  return <div ref={holder} role="img" aria-label={label} className="w-full" />;
}

const ms = (v: number | null) => (v === null ? '' : v >= 1000 ? `${v / 1000} s` : `${v} ms`);

/** Latency percentiles, and traffic with its error rates, per time bucket. */
export default function HealthCharts({ series }: { series: HealthSeries }) {
  const percent = (xs: number[]) => xs.map((x) => x * 100);
  return (
    <div className="grid gap-6 p-5 lg:grid-cols-2">
      <Chart
        label="Latency P50, P90 and P99 over time"
        series={[
          { label: 'P50', stroke: '#6366f1' },
          { label: 'P90', stroke: '#f59e0b' },
          { label: 'P99', stroke: '#ef4444' },
        ]}
        data={[series.t, series.p50Ms, series.p90Ms, series.p99Ms]}
        axes={[{}, { values: (_u, vals) => vals.map(ms), size: 60 }]}
      />
      <Chart
        label="Requests per second and error rates over time"
        series={[
          { label: 'QPS', stroke: '#10b981' },
          { label: '4xx %', stroke: '#f59e0b', scale: '%' },
          { label: '5xx %', stroke: '#ef4444', scale: '%' },
        ]}
        data={[series.t, series.qps, percent(series.rate4xx), percent(series.rate5xx)]}
        axes={[
          {},
          { size: 50 },
          { scale: '%', side: 1, grid: { show: false }, values: (_u, v) => v.map((x) => `${x}%`) },
        ]}
      />
    </div>
  );
}
