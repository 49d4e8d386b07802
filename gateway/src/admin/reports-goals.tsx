import { KIND_LABELS } from './goals.tsx';
import type { GoalReport } from './reports.tsx';
import { Bar, number, percent } from './reports-chart.tsx';

/** Conversions of each saved goal over the dashboard's range and filters. */
export function GoalsSection({ goals, filtered }: { goals: readonly GoalReport[]; filtered: boolean }) {
  return (
    <section aria-labelledby="goals">
      <h2 id="goals">Goals</h2>
      {goals.length === 0 ? (
        <div class="empty">
          <p>
            No goals yet. A goal is a page a visit should reach (such as <code>/pricing</code>) or a custom event it
            should send (such as <code>Signup</code>). <a href="/admin/goals">Add a goal</a> and this section shows how
            many visits reached it, and their share of all visits, for the range above.
          </p>
        </div>
      ) : (
        <>
          <div class="table-wrap">
            <table>
              <caption class="muted">
                Visits that reached each goal{filtered ? ', among the visits matching the filters' : ''}.
              </caption>
              <thead>
                <tr>
                  <th scope="col">Goal</th>
                  <th scope="col">Page or event</th>
                  <th scope="col">Conversions</th>
                  <th scope="col">Conversion rate</th>
                  <th scope="col">
                    <span class="visually-hidden">Conversion rate as a bar</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {goals.map(({ goal, conversions, conversionRate }) => (
                  <tr data-goal={goal.id}>
                    <th scope="row">{goal.name}</th>
                    <td>
                      {KIND_LABELS[goal.kind]}: <code>{goal.value}</code>
                    </td>
                    <td class="num">{number(conversions)}</td>
                    <td class="num">{percent(conversionRate)}</td>
                    <td class="bar">
                      <Bar value={conversionRate} max={1} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="csv">
            <a href="/admin/goals">Manage goals</a>
          </p>
        </>
      )}
    </section>
  );
}
