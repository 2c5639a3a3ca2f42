/**
 * Every string of the site's own interface, in English. `zh.ts` has the same keys. Docker's
 * output in the terminal is never translated; lesson text comes from the lesson files.
 */
export const en = {
  languageName: 'English',
  languageSwitch: 'Language',
  siteName: 'Dockyard',
  courseTitle: 'Learn Dockerfiles',
  courseIntro:
    'Thirteen short lessons, from your first image to volumes. Each has a Dockerfile to edit, a terminal with a simulated Docker engine, goals checked against what you build, and a quiz at the end. Your work stays in this browser.',
  courseLink: 'Course',
  lessonKicker: (order: number) => `Lesson ${order}`,
  crumb: (order: number, title: string) => `Lesson ${order} · ${title}`,
  previous: 'Previous',
  next: 'Next',
  backToCourse: 'All lessons',

  status: {
    'not-started': 'Not started',
    'in-progress': 'In progress',
    'goals-met': 'Goals met',
    'quiz-passed': 'Quiz passed',
  },
  progressSummary: (done: number, total: number) => `${done} of ${total} lessons done`,
  exportProgress: 'Export progress',
  importProgress: 'Import progress',
  startOver: 'Start over',
  startOverConfirm:
    'Start the whole course over? Every lesson’s files, images, containers, volumes and answers in this browser are deleted.',
  startOverDone: 'Everything was cleared. The course starts over.',
  importConfirm: (lessons: number) =>
    `Replace the progress in this browser with the file’s (${lessons} lessons)? What is here now is overwritten.`,
  importDone: (lessons: number) => `Imported progress for ${lessons} lessons.`,
  importNotAFile: 'That file is not a Dockyard progress file.',
  importUnreadable: (message: string) => `The file could not be read: ${message}`,
  storageBlocked: 'This browser does not let the page store data, so nothing can be imported.',

  reset: 'Reset',
  resetTitle: 'Back to the lesson’s starting files and an empty engine',
  resetConfirm:
    'Reset this lesson? Your edited files, images, containers and volumes are replaced by the lesson’s start. You can undo this once.',
  solve: 'Solve',
  solveTitle: 'Run the solution in the terminal',
  solveConfirm:
    'Show the solution? The lesson starts over from its starting files, the solution’s files are written and its commands run in the terminal. You can undo this once.',
  undo: (what: 'solve' | 'reset'): string => (what === 'solve' ? 'Undo solve' : 'Undo reset'),
  undoTitle: 'Bring back the work you had before',
  solving: 'Running the solution…',
  savedHere: 'Saved in this browser',
  saveFull: 'Not saved: the browser’s storage for this site is full.',
  saveBlocked: 'Not saved: this browser does not allow the page to store data.',
  savedElsewhere: 'Changed in another tab: reload to continue from there (not saving here).',
  restoreFailed: 'Your saved work could not be restored, so the lesson starts over.',

  goalsTitle: 'Goals',
  goalsHint: 'Checked against your sandbox after every command.',
  goalMet: 'Done',
  goalUnmet: 'Not yet',
  goalsAllMet: 'All goals met.',
  goalsProgress: (met: number, total: number) => `${met} of ${total} goals met`,

  quizTitle: 'Quiz',
  quizHint: 'Answer from what you learned and from your own sandbox.',
  quizCheck: 'Check answers',
  quizRight: 'Right.',
  quizWrong: 'Not right.',
  quizYourSandbox: (value: string) => `From your sandbox: ${value}.`,
  quizCannotCheck: (reason: string) => `This cannot be checked yet: ${reason}.`,
  quizAnswerLabel: 'Your answer',
  quizPassed: 'Quiz passed.',
  quizScore: (right: number, total: number) => `${right} of ${total} right. Try the others again.`,
  quizCorrectOption: 'correct',
  quizChooseOne: 'Choose one.',
  quizChooseAll: 'Choose every one that applies.',

  editorLabel: 'Build context files',
  editorAdd: 'Add a file to the build context',
  editorAddShort: 'Add a file',
  editorFailed: (message: string) => `The editor could not start: ${message}`,
  terminalTitle: 'Terminal',
  terminalHint: '↑↓ history · Ctrl+C stop · Ctrl+L clear',
  terminalNoScript:
    'The editor, terminal and preview need JavaScript; the lesson reads without it.',
  terminalStarting: 'The terminal starts in a moment. The commands of this lesson:',
  terminalFailed: (message: string) => `The terminal could not start: ${message}`,
  terminalWelcome: {
    before: 'A simulated Docker runs in this page. Try ',
    middle: ', or type ',
    after: '.',
  },
  terminalReset: '(lesson reset: starting files, empty engine)',
  terminalRestored: '(your earlier work is back)',
  terminalSolving: '(solution: the lesson’s files are written, then its commands run)',
  previewLabel: 'Preview',
  previewReload: 'Reload',
  previewAddress: 'Address',
  previewFrameTitle: 'Page served by the simulated host',
  previewNothing: (url: string) =>
    `Nothing answers at ${url} yet. Build the image and run it with -p 8888:8080.`,
  previewNoAnswer: 'No answer',
  previewNoAnswerHint:
    'Nothing answers at this address. A container must be running with its port published there, for example with docker run -p 8888:8080.',
  dockerTitle: 'Docker',
  images: 'Images',
  containers: 'Containers',
  volumes: 'Volumes',
  noImages: 'No images yet. Build one with docker build.',
  noContainers: 'No containers yet. Start one with docker run.',
  noVolumes: 'No volumes yet.',
  typeIt: 'Type it',
  typeItTitle: 'Type this command in the terminal',
  noScriptProgress: 'Progress, goals and the quiz need JavaScript.',
};

export type UiMessages = typeof en;
