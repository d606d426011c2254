import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the chart types the platform draws: keeps echarts' share of a bundle small.
// Pie, title and dataset were registered and drawn nowhere (dropped); the vote panel's threshold
// line (markLine) was drawn without its component (now registered). Issue #19 item 5.
echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart that follows its container's width. Screens use `Chart` from
 * `@zhanqian/ui/chart`, which loads this module lazily so pages without charts don't load echarts.
 */
export default function EChart({
  option,
  height = 320,
  testId,
}: {
  option: ChartOption;
  height?: number;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current);
    const resize = new ResizeObserver(() => chart.current?.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
