import { render } from 'preact';
import { App } from './app';
import '../../components/theme.css';
import './style.css';

render(<App />, document.getElementById('app')!);
