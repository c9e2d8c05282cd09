'use client';

import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/**
 * A pane divider that resizes with the pointer (drag) or the keyboard (arrows by 16 px, Shift for
 * 64 px, Home/End for the limits). `value` is the size in pixels of the pane before the divider
 * (or after it when `invert` is set, e.g. a bottom panel whose top edge is dragged).
 */
export function Splitter({
  orientation,
  value,
  min,
  max,
  onChange,
  label,
  invert = false,
}: {
  /** `vertical`: a vertical bar between side-by-side panes; `horizontal`: between stacked panes. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  label: string;
  invert?: boolean;
}) {
  const drag = useRef<{ start: number; value: number } | null>(null);
  const clamp = (n: number) => Math.round(Math.min(max, Math.max(min, n)));
  const position = (event: PointerEvent) =>
    orientation === 'vertical' ? event.clientX : event.clientY;

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { start: position(event), value };
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!drag.current) return;
    const delta = position(event) - drag.current.start;
    onChange(clamp(drag.current.value + (invert ? -delta : delta)));
  }
  function onPointerUp() {
    drag.current = null;
  }
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.shiftKey ? 64 : 16;
    const grow = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    const shrink = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    let next: number | null = null;
    if (event.key === grow) next = value + (invert ? -step : step);
    else if (event.key === shrink) next = value + (invert ? step : -step);
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === null) return;
    event.preventDefault();
    onChange(clamp(next));
  }

  const vertical = orientation === 'vertical';
  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
      className={`shrink-0 touch-none bg-slate-200 hover:bg-sky-400 focus-visible:bg-sky-500 dark:bg-slate-800 dark:hover:bg-sky-600 ${
        vertical ? 'w-1.5 cursor-col-resize' : 'h-1.5 cursor-row-resize'
      }`}
    />
  );
}
