import { lazy, Suspense } from 'react';
import { Layout } from './components/layout.js';
import { Empty, Loading } from './components/states.js';
import { useI18n } from './i18n/i18n.js';
import { useRoute } from './router.js';
import { SignIn } from './screens/sign-in.js';
import { useSession } from './session.js';

// Screens load on first visit: the first load stays small, charts come with the screens that draw them.
const Overview = lazy(() => import('./screens/overview.js'));
const Contacts = lazy(() => import('./screens/contacts.js'));
const Contact = lazy(() => import('./screens/contact.js'));
const Reports = lazy(() => import('./screens/reports.js'));
const Doctrine = lazy(() => import('./screens/doctrine.js'));
const Settings = lazy(() => import('./screens/settings.js'));
const Account = lazy(() => import('./screens/account.js'));
const Scenarios = lazy(() => import('./screens/scenarios.js'));
const Scenario = lazy(() => import('./screens/scenario.js'));
const NewScenario = lazy(() => import('./screens/new-scenario.js'));
const Templates = lazy(() => import('./screens/templates.js'));
const Template = lazy(() => import('./screens/template.js'));
const Outbox = lazy(() => import('./screens/outbox.js'));
const Send = lazy(() => import('./screens/send.js'));
const TestInbox = lazy(() => import('./screens/test-inbox.js'));
const Tasks = lazy(() => import('./screens/tasks.js'));
const Segments = lazy(() => import('./screens/segments.js'));
const Segment = lazy(() => import('./screens/segment.js'));
const SegmentEdit = lazy(() => import('./screens/segment-edit.js'));
const Audiences = lazy(() => import('./screens/audiences.js'));
const Audience = lazy(() => import('./screens/audience.js'));
const Model = lazy(() => import('./screens/model.js'));

export function App() {
  const { user, can } = useSession();
  const route = useRoute();
  const { t } = useI18n();
  if (user === undefined) return <Loading />;
  if (user === null) return <SignIn />;
  const [first, second, third] = route.segments;
  const screen = (() => {
    if (!first) return <Overview />;
    if (first === 'contacts' && second) return <Contact id={second} />;
    if (first === 'contacts') return <Contacts params={route.params} />;
    if (first === 'reports') return <Reports params={route.params} />;
    if (first === 'model' && !second) return <Model />;
    if (first === 'doctrine' && can('doctrine')) return <Doctrine />;
    if (first === 'settings' && can('settings')) return <Settings />;
    if (first === 'account') return <Account />;
    if (first === 'scenarios' && second === 'new' && can('followUps')) return <NewScenario />;
    if (first === 'scenarios' && second) return <Scenario id={second} />;
    if (first === 'scenarios') return <Scenarios />;
    if (first === 'templates' && second === 'new' && can('followUps')) return <Template id={null} />;
    if (first === 'templates' && second) return <Template id={second} />;
    if (first === 'templates') return <Templates />;
    if (first === 'outbox' && second === 'inbox') return <TestInbox />;
    if (first === 'outbox' && second) return <Send id={second} />;
    if (first === 'outbox') return <Outbox params={route.params} />;
    if (first === 'tasks') return <Tasks params={route.params} />;
    if (first === 'segments' && second === 'new' && can('followUps')) return <SegmentEdit id={null} />;
    if (first === 'segments' && second && third === 'edit' && can('followUps')) return <SegmentEdit id={second} />;
    if (first === 'segments' && second && !third) return <Segment id={second} />;
    if (first === 'segments' && !second) return <Segments />;
    if (first === 'audiences' && second && second !== 'new') return <Audience id={second} />;
    if (first === 'audiences') return <Audiences creating={second === 'new' && can('followUps')} params={route.params} />;
    return <Empty title={t('state.noSuchScreen')} />;
  })();
  return (
    <Layout current={route.path}>
      <Suspense fallback={<Loading />}>{screen}</Suspense>
    </Layout>
  );
}
