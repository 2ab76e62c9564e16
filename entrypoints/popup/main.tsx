import { App } from './app';
import { startLibraryPage } from '../../lib/ui/start-page';
import '../../components/theme.css';
import './style.css';

startLibraryPage(App, 'popup');
