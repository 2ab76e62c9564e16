import { render } from 'preact';
import { App } from './app';
import { openDbEarly } from '../../lib/db/schema';
import { lastDestinationItem } from '../../lib/storage/items';
import '../../components/theme.css';
import './style.css';

performance.mark('cairn:script');
// The first screen's reads start before the first render, so their browser-process time (the
// database opening, the storage read) overlaps it rather than following it.
openDbEarly();
const destination = lastDestinationItem.getValue();
render(<App destination={destination} />, document.getElementById('app')!);
