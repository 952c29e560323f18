// 90 days of daily sales and end-of-day stock, then the forecast: expected stock with its P10–P90
// band, expected daily demand, the stockout date range and the reorder point. Recharts (decision
// 0010) measures its container in the browser, so the server renders a placeholder of exactly
// the chart's height: nothing moves when it appears.
import { useEffect, useMemo, useState } from "react";
import {
  Area,
  Bar,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { SkeletonBodyText } from "@shopify/polaris";
import { formatDay, formatNumber, formatRate } from "./format.ts";
import type { HistoryDay } from "../dashboard/variant.server.ts";
import type { ProjectedDay } from "../dashboard/projection.ts";

export const CHART_HEIGHT = 340;

type Point = {
  day: string;
  units?: number;
  stock?: number | null;
  forecastStock?: number;
  band?: [number, number];
  forecastSales?: number;
};

// Polaris tokens' hex values: recharts draws SVG attributes, where CSS variables do not resolve
// in every browser.
const COLOR = {
  sales: "#b5b5b5",
  stock: "#005bd3",
  band: "#91d0ff",
  forecast: "#005bd3",
  demand: "#8a8a8a",
  stockout: "#e51c00",
  reorder: "#b28400",
  today: "#303030",
  arrival: "#29845a",
};

export function VariantChart(props: {
  history: HistoryDay[];
  projection: ProjectedDay[];
  today: string;
  stockoutP10: string | null;
  stockoutP90: string | null;
  reorderPoint: number | null;
  arrivals?: { day: string; quantity: number }[]; // stock on its way, marked where it lands
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const data = useMemo(() => {
    const points: Point[] = props.history.map((h) => ({
      day: h.day,
      units: h.units,
      stock: h.stock,
    }));
    for (const p of props.projection) {
      const point: Point = {
        day: p.day,
        forecastStock: p.stock,
        band: [p.low, p.high],
        forecastSales: p.sales,
      };
      // Today joins the past (last known stock) to the forecast line.
      if (p.day === props.today) point.stock = p.stock;
      points.push(point);
    }
    return points;
  }, [props.history, props.projection, props.today]);

  const summary = describe(props);
  const lastDay = data.at(-1)?.day;
  const rangeEnd =
    props.stockoutP90 && lastDay && props.stockoutP90 > lastDay ? lastDay : props.stockoutP90;

  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="Polaris-Text--visuallyHidden">{summary}</figcaption>
      <div style={{ height: CHART_HEIGHT, width: "100%" }} data-testid="variant-chart">
        {mounted ? (
          <ResponsiveContainer
            width="100%"
            height={CHART_HEIGHT}
            initialDimension={{ width: 800, height: CHART_HEIGHT }}
          >
            <ComposedChart
              data={data}
              margin={{ top: 16, right: 8, bottom: 0, left: 0 }}
              accessibilityLayer
            >
              <XAxis
                dataKey="day"
                tickFormatter={(d: string) => formatDay(d)}
                minTickGap={32}
                tick={{ fontSize: 12 }}
              />
              <YAxis yAxisId="stock" tick={{ fontSize: 12 }} width={48} allowDecimals={false} />
              <YAxis
                yAxisId="sales"
                orientation="right"
                tick={{ fontSize: 12 }}
                width={40}
                allowDecimals={false}
              />
              <Tooltip
                labelFormatter={(d) => formatDay(String(d), true)}
                formatter={(value, name) =>
                  Array.isArray(value)
                    ? [
                        `${formatNumber(Number(value[0]))} – ${formatNumber(Number(value[1]))}`,
                        name,
                      ]
                    : [
                        name === "Expected units / day"
                          ? formatRate(Number(value))
                          : formatNumber(Number(value)),
                        name,
                      ]
                }
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {props.stockoutP10 && rangeEnd ? (
                <ReferenceArea
                  yAxisId="stock"
                  x1={props.stockoutP10}
                  x2={rangeEnd}
                  fill={COLOR.stockout}
                  fillOpacity={0.08}
                  label={{
                    value: "Stockout range",
                    position: "insideTop",
                    fontSize: 12,
                    fill: COLOR.stockout,
                  }}
                />
              ) : null}
              <Bar
                yAxisId="sales"
                dataKey="units"
                name="Units sold"
                fill={COLOR.sales}
                isAnimationActive={false}
              />
              <Area
                yAxisId="stock"
                dataKey="band"
                name="Stock P10–P90"
                stroke="none"
                fill={COLOR.band}
                fillOpacity={0.45}
                isAnimationActive={false}
              />
              <Line
                yAxisId="stock"
                dataKey="stock"
                name="Stock"
                stroke={COLOR.stock}
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
              <Line
                yAxisId="stock"
                dataKey="forecastStock"
                name="Expected stock"
                stroke={COLOR.forecast}
                strokeDasharray="6 4"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                yAxisId="sales"
                dataKey="forecastSales"
                name="Expected units / day"
                stroke={COLOR.demand}
                strokeDasharray="3 3"
                dot={false}
                isAnimationActive={false}
              />
              {props.reorderPoint !== null ? (
                <ReferenceLine
                  yAxisId="stock"
                  y={props.reorderPoint}
                  stroke={COLOR.reorder}
                  strokeDasharray="4 4"
                  ifOverflow="extendDomain"
                  label={{
                    value: "Reorder point",
                    position: "insideTopLeft",
                    fontSize: 12,
                    fill: COLOR.reorder,
                  }}
                />
              ) : null}
              {(props.arrivals ?? []).map((a) => (
                <ReferenceLine
                  key={`arrival-${a.day}`}
                  yAxisId="stock"
                  x={a.day}
                  stroke={COLOR.arrival}
                  strokeDasharray="2 3"
                  label={{
                    value: `+${formatNumber(a.quantity)}`,
                    position: "insideTopRight",
                    fontSize: 12,
                    fill: COLOR.arrival,
                  }}
                />
              ))}
              <ReferenceLine
                yAxisId="stock"
                x={props.today}
                stroke={COLOR.today}
                label={{ value: "Today", position: "top", fontSize: 12 }}
              />
            </ComposedChart>
          </ResponsiveContainer>
        ) : (
          <div style={{ paddingTop: 24 }}>
            <SkeletonBodyText lines={8} />
          </div>
        )}
      </div>
    </figure>
  );
}

function describe(p: Parameters<typeof VariantChart>[0]): string {
  const sold = p.history.reduce((s, h) => s + h.units, 0);
  const out = p.history.filter((h) => h.outOfStock).length;
  const range = p.stockoutP10
    ? `Predicted to run out between ${formatDay(p.stockoutP10, true)} and ${formatDay(p.stockoutP90, true)}.`
    : "No stockout predicted within a year.";
  const coming = (p.arrivals ?? [])
    .map((a) => `${formatNumber(a.quantity)} arriving ${formatDay(a.day, true)}`)
    .join(", ");
  return `Sold ${formatNumber(sold)} units in the last ${p.history.length} days, out of stock on ${out} of them. ${range}${coming ? ` On its way: ${coming}.` : ""}`;
}
