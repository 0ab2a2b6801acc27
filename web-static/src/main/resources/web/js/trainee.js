// Trainee page: watch the lecturers' streams, see who is present.
import { createClassroomPage } from './classroom-page.js';

const ctx = createClassroomPage({ page: 'trainee' });
ctx.start();
