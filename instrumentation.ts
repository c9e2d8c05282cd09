/**
 * Runs once as the server starts: the classes part (database, grading, the setup link). A failure
 * there is logged and leaves the lessons and the lab working, as they need no server.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  try {
    const { announceServer } = await import('./lib/server/startup');
    await announceServer();
  } catch (error) {
    console.error('Classes are unavailable:', error instanceof Error ? error.message : error);
  }
}
