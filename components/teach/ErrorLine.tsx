/** A form's or a page's error, announced to screen readers. */
export function ErrorLine({ text, className = 'text-sm' }: { text: string; className?: string }) {
  return (
    <p role="alert" className={`${className} text-red-700 dark:text-red-300`}>
      {text}
    </p>
  );
}
