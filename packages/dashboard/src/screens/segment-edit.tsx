import { SegmentBuilder } from '../components/segments/segment-builder.js';
import { stageNames } from '../components/stage-names.js';
import { ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { blankDraft, fromDefinition } from '../segment-draft.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** Build a new segment, or a new version of one (`id`), with the live count beside the conditions. */
export default function SegmentEdit({ id }: { id: string | null }) {
  const { api } = useSession();
  const { t, lang } = useI18n();
  const data = useLoad(
    () =>
      Promise.all([
        id ? api.getSegment(id) : Promise.resolve(null),
        api.stages(),
        // The pickers only offer what exists; a list that fails to load leaves its picker empty, not the builder.
        api.listSegments().then((r) => r.segments, () => []),
        api.listScenarios().then((r) => r.scenarios, () => []),
      ]),
    [api, id],
  );
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const [segment, stages, segments, scenarios] = data.data;
  const names = stageNames(stages, lang);
  const choices = {
    stages: stages.stages.map((s) => ({ key: s.key, label: s.labels[lang] })),
    segments: segments.filter((s) => s.id !== id).map((s) => ({ key: s.key, name: s.name })),
    scenarios: scenarios.map((s) => ({ key: s.key, name: s.scenario.name })),
  };
  return (
    <>
      <p>
        <a href={href(segment ? `/segments/${segment.id}` : '/segments')}>← {segment ? segment.name : t('segments.title')}</a>
      </p>
      <h1>{segment ? t('segments.editTitle', { name: segment.name }) : t('segments.newTitle')}</h1>
      <SegmentBuilder key={segment ? `${segment.id}:${segment.version}` : 'new'} initial={segment ? fromDefinition(segment) : blankDraft()} segmentId={segment?.id ?? null} choices={choices} names={names} onSaved={(saved) => navigate(`/segments/${saved.id}`)} />
    </>
  );
}
