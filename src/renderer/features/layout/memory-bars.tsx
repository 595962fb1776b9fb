import type { CSSProperties } from 'react';
import type { LayoutCheckReport } from '../../../shared/layout';
import './layout-view.css';
import {
  describeSegment,
  fractionOf,
  imageFill,
  mapMemories,
  type MemoryMap,
  type MemorySegment,
} from './memory-map';
import { humanBytes } from './partition-space';

function Segment({ segment, map, excluded }: { segment: MemorySegment; map: MemoryMap; excluded: boolean }) {
  const description = describeSegment(segment);
  // A segment's share of its bar as a flex-grow weight; a min-width keeps the smallest ones visible.
  const style: CSSProperties = { flexGrow: fractionOf(segment.size, map.end) };
  if (segment.kind === 'gap') {
    return (
      <li className="memory-segment segment-gap" style={style} title={description}>
        <span className="visually-hidden">{description}</span>
      </li>
    );
  }
  const fill = imageFill(segment);
  const classes = [
    'memory-segment',
    'segment-partition',
    segment.overflows ? 'segment-overflow' : '',
    segment.openEnd ? 'segment-open' : '',
    excluded ? 'segment-excluded' : '',
  ].filter((name) => name !== '');
  return (
    <li className={classes.join(' ')} style={style} title={description} data-line={segment.partition.line}>
      <span className="segment-fill" style={{ width: `${fill * 100}%` }} />
      <span className="segment-name" aria-hidden="true">
        {segment.overflows ? `⚠ ${segment.partition.name}` : segment.partition.name}
      </span>
      <span className="visually-hidden">{description}</span>
    </li>
  );
}

/** The bar's caption: how many partitions, and how far the bar goes. */
export function extentOf(map: MemoryMap): string {
  const partitions = map.segments.filter((segment) => segment.kind === 'partition');
  const count = `${partitions.length} ${partitions.length === 1 ? 'partition' : 'partitions'}`;
  const last = partitions.at(-1);
  if (last?.kind === 'partition' && last.openEnd) {
    const which = partitions.length === 1 ? '' : ' the last';
    return `${count},${which} from ${humanBytes(last.start)} to the end of the memory`;
  }
  return `${count}, 0 to ${humanBytes(map.end)}`;
}

interface Props {
  readonly report: LayoutCheckReport;
  readonly excludedLines: ReadonlySet<number>;
}

/** One bar per memory of the layout: its partitions to scale, each filled as far as its image goes. */
export function MemoryBars({ report, excludedLines }: Props) {
  const maps = mapMemories(report);
  if (maps.length === 0) return null;
  return (
    <div className="memory-bars">
      {maps.map((map) => {
        return (
          <figure key={map.memory} className="memory-bar-figure">
            <figcaption>
              <span className="memory-name">{map.memory}</span>{' '}
              <span className="memory-extent">{extentOf(map)}</span>
            </figcaption>
            <ol className="memory-bar" aria-label={`${map.memory}, to scale`}>
              {map.segments.map((segment) => (
                <Segment
                  key={`${segment.kind}-${segment.start}`}
                  segment={segment}
                  map={map}
                  excluded={segment.kind === 'partition' && excludedLines.has(segment.partition.line)}
                />
              ))}
            </ol>
          </figure>
        );
      })}
    </div>
  );
}
