'use client';

import { useEffect, useState } from 'react';

/**
 * A thin bar at the top of the lesson showing how far down the article the reader is. The layout
 * scrolls `<main>`, not the window, so that is the element it listens to.
 */
export function ReadingProgress({ articleId }: { articleId: string }) {
  const [fraction, setFraction] = useState(0);
  useEffect(() => {
    const scroller = document.getElementById('main');
    const article = document.getElementById(articleId);
    if (!scroller || !article) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      // The article's top in the scroller's coordinates (offsetTop would be relative to <body>).
      const top =
        article.getBoundingClientRect().top -
        scroller.getBoundingClientRect().top +
        scroller.scrollTop;
      const span = article.offsetHeight - scroller.clientHeight;
      const value = span <= 0 ? 1 : (scroller.scrollTop - top) / span;
      setFraction(Math.min(1, Math.max(0, value)));
    };
    const onScroll = () => {
      frame ||= requestAnimationFrame(measure);
    };
    measure();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, [articleId]);
  return (
    <div aria-hidden="true" className="sticky top-0 z-20 h-1 w-full bg-transparent">
      <div
        data-testid="reading-progress"
        className="h-full origin-left bg-emerald-600 dark:bg-emerald-400"
        style={{ transform: `scaleX(${fraction})` }}
      />
    </div>
  );
}
