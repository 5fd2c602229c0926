import type { FastifyInstance } from 'fastify';
import { registerTasksApi } from './tasks.api.js';
import { registerTasksPages } from './tasks.pages.js';

// What other modules may import (docs/architecture.md, docs/tasks.md); every other file here is private.
/** For the doctor's and nurse's home: their open tasks (audited per patient shown). */
export { listMyTasks, myTasksRead } from './services/task-queries.service.js';
export type { TaskDto } from './tasks.schemas.js';
export { MyTasksSection } from './views/my-tasks.js';
/** Creating and working tasks, for the demo hospital's seed (the routes call the same services). */
export { createTask } from './services/create-task.service.js';
export { completeTask, reassignTask } from './services/change-task.service.js';
/** Tables, for test fixtures. */
export { careTasks, careTaskHandoffs } from './tasks.tables.js';

/** Care-team tasks on a patient (docs/tasks.md): the API and the patient's tasks page. */
export function registerTasksModule(app: FastifyInstance): void {
  registerTasksApi(app);
  registerTasksPages(app);
}
