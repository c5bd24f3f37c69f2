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

export function App() {
  const { user, can } = useSession();
  const route = useRoute();
  const { t } = useI18n();
  if (user === undefined) return <Loading />;
  if (user === null) return <SignIn />;
  const [first, second] = route.segments;
  const screen = (() => {
    if (!first) return <Overview />;
    if (first === 'contacts' && second) return <Contact id={second} />;
    if (first === 'contacts') return <Contacts params={route.params} />;
    if (first === 'reports') return <Reports params={route.params} />;
    if (first === 'doctrine' && can('doctrine')) return <Doctrine />;
    if (first === 'settings' && can('settings')) return <Settings />;
    if (first === 'account') return <Account />;
    return <Empty title={t('state.noSuchScreen')} />;
  })();
  return (
    <Layout current={route.path}>
      <Suspense fallback={<Loading />}>{screen}</Suspense>
    </Layout>
  );
}
