import { DiagramFigure, tone } from './DiagramFigure';

const days = ['9 Aug', '10 Aug', '11 Aug', '12 Aug', '13 Aug', '14 Aug', '15 Aug'];
const x0 = 60;
const step = 92;
const axisY = 240;
const rowA = 112;
const rowB = 188;
const dayX = (i: number) => x0 + i * step + step / 2;

/**
 * The lookback window over a timeline: a late payment inside it is picked up, a very late correction
 * outside it is not.
 */
export function LookbackWindowDiagram() {
  const windowFrom = 4; // 13 Aug
  const windowX = x0 + windowFrom * step;
  return (
    <DiagramFigure
      viewBox="0 0 720 310"
      title="A three-day lookback window over the order timeline"
      description="A timeline from 9 to 15 August 2018. The model runs at the end of 15 August with a three-day lookback, so the shaded window covers orders purchased on 13, 14 and 15 August. Order A was purchased on 14 August without a payment; its payment arrives on 15 August. Because A's purchase date is inside the window, the run rebuilds A's row and picks up the payment. Order B was purchased on 10 August and corrected on 15 August. B's purchase date is outside the window, so incremental runs never look at it again; only a full refresh brings the correction in."
      caption={
        <>
          The window is measured on the column the filter uses, here the purchase time. A late
          payment for a one-day-old order lands inside it; a correction to a five-day-old order does
          not, and stays stale until a full refresh.
        </>
      }
    >
      <rect
        x={windowX}
        y={24}
        width={3 * step}
        height={axisY - 24}
        rx={6}
        strokeWidth={1.5}
        strokeDasharray="6 4"
        className={tone.window}
      />
      <text x={windowX + 10} y={46} className={`${tone.text} text-[13px] font-semibold`}>
        3-day lookback window
      </text>
      <text x={windowX + 10} y={64} className={`${tone.muted} text-[12px]`}>
        run at the end of 15 Aug
      </text>

      {/* Order A: purchased 14 Aug, payment 15 Aug — inside the window. */}
      <path
        d={`M ${dayX(5) + 10} ${rowA - 6} Q ${(dayX(5) + dayX(6)) / 2} ${rowA - 34} ${dayX(6) - 10} ${rowA - 6}`}
        fill="none"
        strokeWidth={2}
        markerEnd="url(#lookback-arrow)"
        className={tone.accent}
      />
      <circle cx={dayX(5)} cy={rowA} r={10} strokeWidth={2} className={tone.work} />
      <text
        x={dayX(5)}
        y={rowA + 4}
        textAnchor="middle"
        className={`${tone.text} text-[11px] font-bold`}
      >
        A
      </text>
      <rect
        x={dayX(6) - 8}
        y={rowA - 8}
        width={16}
        height={16}
        rx={3}
        strokeWidth={1.5}
        className={tone.fresh}
      />
      <text x={dayX(6) + 14} y={rowA + 26} textAnchor="end" className={`${tone.text} text-[12px]`}>
        payment arrives
      </text>
      <text x={windowX + 10} y={rowA + 48} className={`${tone.text} text-[12px] font-semibold`}>
        A bought 14 Aug: inside, rebuilt ✓
      </text>

      {/* Order B: purchased 10 Aug, corrected 15 Aug — outside the window. */}
      <line
        x1={dayX(1) + 10}
        x2={dayX(6) - 8}
        y1={rowB}
        y2={rowB}
        strokeWidth={2}
        strokeDasharray="5 4"
        className={tone.alert}
      />
      <circle cx={dayX(1)} cy={rowB} r={10} strokeWidth={2} className={tone.idle} />
      <text
        x={dayX(1)}
        y={rowB + 4}
        textAnchor="middle"
        className={`${tone.text} text-[11px] font-bold`}
      >
        B
      </text>
      <rect
        x={dayX(6) - 8}
        y={rowB - 8}
        width={16}
        height={16}
        rx={3}
        strokeWidth={1.5}
        className={tone.removed}
      />
      <text x={dayX(1) - 30} y={rowB - 20} className={`${tone.text} text-[12px]`}>
        B bought 10 Aug, corrected 15 Aug
      </text>
      <text x={dayX(1) - 30} y={rowB + 30} className={`${tone.text} text-[12px] font-semibold`}>
        purchase date outside: missed ✗
      </text>

      <line
        x1={x0}
        x2={x0 + days.length * step}
        y1={axisY}
        y2={axisY}
        strokeWidth={1.5}
        className={tone.line}
      />
      {days.map((day, i) => (
        <g key={day}>
          <line x1={dayX(i)} x2={dayX(i)} y1={axisY - 5} y2={axisY + 5} className={tone.line} />
          <text
            x={dayX(i)}
            y={axisY + 22}
            textAnchor="middle"
            className={`${tone.muted} text-[12px]`}
          >
            {day}
          </text>
        </g>
      ))}
      <text x={x0} y={axisY + 52} className={`${tone.muted} text-[12px]`}>
        order purchase date (2018) →
      </text>
      <text
        x={x0 + days.length * step}
        y={axisY + 52}
        textAnchor="end"
        className={`${tone.muted} text-[12px]`}
      >
        ● order, at its purchase date · ■ a later change to it
      </text>

      <defs>
        <marker
          id="lookback-arrow"
          viewBox="0 0 10 10"
          refX={8}
          refY={5}
          markerWidth={7}
          markerHeight={7}
          orient="auto-start-reverse"
        >
          <path d="M 0 0 L 10 5 L 0 10 z" className="fill-emerald-700 dark:fill-emerald-400" />
        </marker>
      </defs>
    </DiagramFigure>
  );
}
