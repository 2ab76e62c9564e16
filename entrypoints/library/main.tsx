import { render } from 'preact';
import { App } from './app';
import '../../components/theme.css';
import './style.css';

performance.mark('cairn:script');
render(<App />, document.getElementById('app')!);
