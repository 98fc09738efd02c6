import { render } from 'preact'
import { applyDocumentLanguage } from '../shared/i18n'
import '../shared/styles.css'
import './popup.css'
import { Popup } from './Popup'

applyDocumentLanguage()
render(<Popup />, document.getElementById('app')!)
