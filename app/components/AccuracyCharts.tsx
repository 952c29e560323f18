// The accuracy charts (Recharts, decision 0010): the shop's error per week, ours next to the
// simple average's; and, on the variant page, the 7-day forecast made each day next to what sold
// in those 7 days. Like VariantChart, the server renders a placeholder of the chart's height.
import { useEffect, useMemo, useState, type ReactElement } from "react";
import {
  Area,
  Bar,
  Cell,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { SkeletonBodyText } from "@shopify/polaris";
import { formatDay, formatNumber, formatPercent, formatRate } from "./format.ts";
import type { PastForecast } from "../dashboard/accuracy.server.ts";
import { addDays } from "../../domain/forecast/dates.ts";

const COLOR = {
  ours: "#005bd3",
  band: "#91d0ff",
  seed: "#8a8a8a",
  sold: "#b5b5b5",
  soldPartial: "#e0c9a6",
};

function ClientChart(props: {
  height: number;
  label: string;
  testId: string;
  children: ReactElement;
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption className="Polaris-Text--visuallyHidden">{props.label}</figcaption>
      <div style={{ height: props.height, width: "100%" }} data-testid={props.testId}>
        {mounted ? (
          <ResponsiveContainer
            width="100%"
            height={props.height}
            initialDimension={{ width: 800, height: props.height }}
          >
            {props.children}
          </ResponsiveContainer>
        ) : (
          <div style={{ paddingTop: 24 }}>
            <SkeletonBodyText lines={6} />
          </div>
        )}
      </div>
    </figure>
  );
}

export function AccuracyTrendChart(props: {
  weeks: { week: string; wape: number | null; seedWape: number | null }[];
}) {
  const label = `Error per week: ${props.weeks
    .map(
      (w) =>
        `${formatDay(w.week)} ours ${formatPercent(w.wape)}, simple ${formatPercent(w.seedWape)}`,
    )
    .join("; ")}`;
  return (
    <ClientChart height={260} label={label} testId="accuracy-trend">
      <LineChart
        data={props.weeks}
        margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
        accessibilityLayer
      >
        <XAxis dataKey="week" tickFormatter={(d: string) => formatDay(d)} tick={{ fontSize: 12 }} />
        <YAxis
          tickFormatter={(v: number) => formatPercent(v)}
          tick={{ fontSize: 12 }}
          width={48}
          domain={[0, "auto"]}
        />
        <Tooltip
          labelFormatter={(d) => `Week of ${formatDay(String(d), true)}`}
          formatter={(v, name) => [formatPercent(Number(v)), name]}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          dataKey="wape"
          name="Our forecast: off by"
          stroke={COLOR.ours}
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="seedWape"
          name="Simple average: off by"
          stroke={COLOR.seed}
          strokeDasharray="5 4"
          strokeWidth={2}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ClientChart>
  );
}

type PastPoint = {
  day: string;
  mean?: number;
  band?: [number, number];
  seed?: number;
  sold?: number;
  partial: boolean;
};

// Each point is a day a forecast was made: its expected sales over the next 7 days (line and
// P10–P90 band), the simple average's, and — once the week has passed — what sold (bar; tinted
// when the variant was out of stock on some of those days: only in-stock days count).
export function PastForecastChart(props: { forecasts: PastForecast[] }) {
  // Every calendar day of the range, so weekly forecasts (the install replay) and daily ones sit
  // at their true distance; days without a kept forecast are gaps the lines bridge.
  const data = useMemo<PastPoint[]>(() => {
    const byDay = new Map(props.forecasts.map((f) => [f.day, f]));
    const first = props.forecasts[0]?.day;
    const last = props.forecasts.at(-1)?.day;
    const out: PastPoint[] = [];
    for (let d = first; d && last && d <= last; d = addDays(d, 1)) {
      const f = byDay.get(d);
      out.push(
        f
          ? {
              day: d,
              mean: round1(f.mean),
              band: [round1(f.low), round1(f.high)],
              seed: round1(f.seed),
              sold: f.sold ?? undefined,
              partial: f.openDays !== null && f.openDays < 7,
            }
          : { day: d, partial: false },
      );
    }
    return out;
  }, [props.forecasts]);
  const scored = props.forecasts.filter((f) => f.sold !== null);
  const inside = scored.filter((f) => f.openDays === 7 && f.sold! >= f.low && f.sold! <= f.high);
  const whole = scored.filter((f) => f.openDays === 7);
  const label = `${props.forecasts.length} past 7-day forecasts; ${scored.length} of them scored, ${inside.length} of ${whole.length} fully in-stock weeks within the predicted range.`;
  return (
    <ClientChart height={280} label={label} testId="past-forecasts">
      <ComposedChart
        data={data}
        margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
        accessibilityLayer
      >
        <XAxis
          dataKey="day"
          tickFormatter={(d: string) => formatDay(d)}
          minTickGap={24}
          tick={{ fontSize: 12 }}
        />
        <YAxis tick={{ fontSize: 12 }} width={48} allowDecimals={false} />
        <Tooltip
          labelFormatter={(d) => `Forecast made ${formatDay(String(d), true)} for the next 7 days`}
          formatter={(value, name, item) => {
            if (Array.isArray(value))
              return [`${formatRate(Number(value[0]))} – ${formatRate(Number(value[1]))}`, name];
            const partial = (item?.payload as PastPoint | undefined)?.partial;
            return [
              name === "Sold (in-stock days)" && partial
                ? `${formatNumber(Number(value))} (out of stock part of the week)`
                : formatRate(Number(value)),
              name,
            ];
          }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="sold" name="Sold (in-stock days)" fill={COLOR.sold} isAnimationActive={false}>
          {data.map((p) => (
            <Cell key={p.day} fill={p.partial ? COLOR.soldPartial : COLOR.sold} />
          ))}
        </Bar>
        <Area
          dataKey="band"
          name="Our likely range (P10–P90)"
          stroke="none"
          fill={COLOR.band}
          fillOpacity={0.45}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="mean"
          name="Our forecast"
          stroke={COLOR.ours}
          strokeWidth={2}
          dot={{ r: 2 }}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="seed"
          name="Simple average"
          stroke={COLOR.seed}
          strokeDasharray="5 4"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </ClientChart>
  );
}

const round1 = (x: number) => Math.round(x * 10) / 10;
