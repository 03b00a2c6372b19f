// What the plan page and the plan report read: the plan, and every one of its tasks page by page.
import { allNodes, gql } from "./api.js";
import PLAN from "../queries/plan.graphql?raw";
import PLAN_TASKS from "../queries/plan-tasks.graphql?raw";

export async function loadPlan(id, lang) {
  const [head, { nodes: tasks, total }] = await Promise.all([
    gql(PLAN, { id, lang }),
    allNodes(PLAN_TASKS, { id, lang }, (data) => data.plan && data.plan.tasks),
  ]);
  if (!head.plan) return { plan: null, tasks: [], total: 0, critical: new Set() };
  const critical = new Set(head.plan.criticalPath.tasks.map((s) => s.task && s.task.id).filter(Boolean));
  return { plan: head.plan, tasks, total, critical };
}

export function countByState(tasks) {
  const counts = {};
  for (const task of tasks) counts[task.deadlineState] = (counts[task.deadlineState] || 0) + 1;
  return counts;
}
