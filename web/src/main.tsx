// main.tsx - mounts the console into index.html's #app.
import { render } from 'preact';
import { App } from './app';
import './styles/app.css';
import 'uplot/dist/uPlot.min.css';

render(<App />, document.getElementById('app')!);
