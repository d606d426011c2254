import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { ChartOption } from './charts.tsx';

// echarts loads with the first chart a page draws, not with the page.
const EChart = lazy(() => import('./charts.tsx'));

/**
 * An ECharts chart, loaded lazily, with a skeleton while echarts arrives: the one way screens
 * draw charts (see charts.tsx for the chart itself).
 *
 * @example <Chart option={option} height={240} testId="nominations-chart" />
 */
export function Chart(props: { option: ChartOption; height?: number; testId?: string }) {
  return (
    <Suspense fallback={<Skeleton active />}>
      <EChart {...props} />
    </Suspense>
  );
}

export type { ChartOption };
