import { DiagramFigure, tone } from './DiagramFigure';

const DAYS = 12;
const WINDOW = 3;
const x0 = 170;
const w = 38;
const gap = 6;

function Day({ index, y, kind }: { index: number; y: number; kind: 'work' | 'idle' }) {
  const x = x0 + index * (w + gap);
  const isNew = index === DAYS - 1;
  return (
    <rect
      x={x}
      y={y}
      width={w}
      height={34}
      rx={4}
      strokeWidth={1.5}
      strokeDasharray={isNew ? '4 3' : undefined}
      className={tone[kind]}
    />
  );
}

/** The same table, built two ways: everything every run, or only the newest slice. */
export function FullVsIncrementalDiagram() {
  const days = Array.from({ length: DAYS }, (_, i) => i);
  const windowStart = DAYS - WINDOW;
  return (
    <DiagramFigure
      viewBox="0 0 720 270"
      title="Full refresh versus incremental: how much work one run does"
      description={`Two rows of twelve boxes, one box per day of orders, oldest on the left and the day that just arrived on the right. In the full refresh row all twelve boxes are highlighted: every run reads, joins, aggregates and writes every day again. In the incremental row only the last ${WINDOW} boxes, the lookback window that includes the new day, are highlighted; the nine older days are left in the table as they are.`}
      caption={
        <>
          Each box is a day of orders; the dashed box is the day that just arrived. A full refresh
          redoes all of them on every run, so its cost grows with the table. An incremental run
          redoes only the last few days (the lookback window) and leaves the rest alone.
        </>
      }
    >
      <text x={20} y={72} className={`${tone.text} text-[15px] font-semibold`}>
        Full refresh
      </text>
      <text x={20} y={91} className={`${tone.muted} text-[12px]`}>
        every run
      </text>
      {days.map((i) => (
        <Day key={`f${i}`} index={i} y={55} kind="work" />
      ))}
      <text x={x0} y={42} className={`${tone.muted} text-[12px]`}>
        read, join, aggregate and write all {DAYS} days
      </text>

      <text x={20} y={182} className={`${tone.text} text-[15px] font-semibold`}>
        Incremental
      </text>
      <text x={20} y={201} className={`${tone.muted} text-[12px]`}>
        later runs
      </text>
      {days.map((i) => (
        <Day key={`i${i}`} index={i} y={165} kind={i >= windowStart ? 'work' : 'idle'} />
      ))}
      <text x={x0} y={152} className={`${tone.muted} text-[12px]`}>
        kept as they are
      </text>
      <text
        x={x0 + windowStart * (w + gap)}
        y={152}
        className={`${tone.text} text-[12px] font-semibold`}
      >
        lookback: last {WINDOW} days
      </text>

      <line x1={x0} x2={x0 + DAYS * (w + gap) - gap} y1={228} y2={228} className={tone.line} />
      <text x={x0} y={246} className={`${tone.muted} text-[12px]`}>
        oldest orders
      </text>
      <text
        x={x0 + DAYS * (w + gap) - gap}
        y={246}
        textAnchor="end"
        className={`${tone.muted} text-[12px]`}
      >
        newest day →
      </text>
    </DiagramFigure>
  );
}
