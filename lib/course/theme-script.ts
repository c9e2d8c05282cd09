/**
 * Runs in <head> before first paint so a dark-mode reader never sees a white flash. The saved choice
 * ('light' | 'dark') wins; without one, the system preference decides (and is followed live).
 */
export const THEME_STORAGE_KEY = 'incremental-lab:theme';

export const themeScript = `(() => {
  const key = ${JSON.stringify(THEME_STORAGE_KEY)};
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    let saved = null;
    try { saved = localStorage.getItem(key); } catch (e) {}
    const dark = saved === 'dark' || (saved !== 'light' && media.matches);
    document.documentElement.classList.toggle('dark', dark);
  };
  apply();
  media.addEventListener('change', apply);
})();`;
