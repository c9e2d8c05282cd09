/** Who may do what: instructor accounts and sessions, student sessions, setup, limits, origins. */
export { checkPasswordPolicy, hashPassword, verifyPassword } from './password';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password';
export { getCookieSecret } from './secret';
export { clearedCookie, signValue, verifyValue } from './signed-cookie';
export type { CookiePurpose, CookieToSet, SignedPayload } from './signed-cookie';
export {
  INSTRUCTOR_COOKIE,
  INSTRUCTOR_SESSION_SECONDS,
  instructorCookie,
  readInstructor,
} from './instructor-session';
export {
  STUDENT_COOKIE,
  STUDENT_SESSION_SECONDS,
  newStudentToken,
  readStudent,
  studentCookie,
} from './student-session';
export type { StudentSession } from './student-session';
export { completeSetup, ensureSetupToken } from './setup';
export {
  NAME_MAX_LENGTH,
  addInstructor,
  checkInstructorName,
  normalizeInstructorName,
  resetPassword,
  verifyLogin,
} from './instructors';
export type { AuthFailure, InstructorResult } from './instructors';
export { LOGIN_LIMIT, hitRateLimit } from './rate-limit';
export type { RateLimitOptions, RateLimitResult } from './rate-limit';
export { sameOrigin } from './origin';
