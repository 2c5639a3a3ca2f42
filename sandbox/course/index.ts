/**
 * The course's engine side, headless: goal checks and quiz facts read a sandbox's public state;
 * the course check resolves starters and runs every solution. The site and the build use this.
 */
export * from './catalog.ts';
export * from './course.ts';
export * from './facts.ts';
export * from './goals.ts';
export * from './messages.ts';
export type { CourseMessages } from './messages-en.ts';
