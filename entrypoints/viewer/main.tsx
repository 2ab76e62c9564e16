import { render } from 'preact';
import { openDbEarly } from '../../lib/db/schema';
import { App } from './app';
import '../../components/theme.css';
import './style.css';

openDbEarly();
render(<App />, document.getElementById('app')!);
